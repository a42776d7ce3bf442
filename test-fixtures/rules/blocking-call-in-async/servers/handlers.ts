// Handlers of servers beyond Express/Fastify, recognised by their types (the type
// stubs under node_modules/ stand in for the real packages): each sync handler that
// reaches a blocking call is an entry point of that call's one finding.
import { readFileSync, statSync, existsSync, readdirSync } from 'node:fs';
import { App } from 'uWebSockets.js';
import type { NextApiRequest, NextApiResponse, NextRequest } from 'next';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Handler } from 'aws-lambda';
import { Controller, Get } from '@nestjs/common';

function page(name: string): string {
  return readFileSync(`/srv/${name}.html`, 'utf8');
  //     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}

// uWebSockets.js: app.get/any and ws behaviours.
App()
  .get('/*', (res) => {
    res.end(page('home'));
  })
  .ws('/*', {
    message: (ws) => {
      ws.send(String(statSync('/srv/state').size));
      //             ^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    },
  });

// Next.js app router (route.ts exports) and pages/api (default export).
export function GET(request: NextRequest): Response {
  return new Response(String(existsSync(new URL(request.url).pathname)));
  //                         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}

export default function api(req: NextApiRequest, res: NextApiResponse): void {
  res.send(readdirSync(req.query.dir).join(','));
  //       ^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}

// AWS Lambda: by its declared handler type, or by the event type it takes.
export const handler: Handler<APIGatewayProxyEvent, APIGatewayProxyResult> = () => ({ statusCode: 200, body: page('lambda') });

export function byEvent(event: APIGatewayProxyEvent): APIGatewayProxyResult {
  return { statusCode: 200, body: page(event.body ?? 'index') };
}

// NestJS: a route method of a controller.
@Controller('pages')
export class PagesController {
  @Get()
  list(): string {
    return page('list');
  }
}
