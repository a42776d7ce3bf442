// The same server types, with handlers that do not block, and a NestJS method with
// no route decorator (not a handler): nothing to report.
import { readFileSync } from 'node:fs';
import { App } from 'uWebSockets.js';
import type { NextRequest } from 'next';
import { Controller, Get } from '@nestjs/common';

App().any('/*', (res, req) => {
  res.end(req.getUrl());
});

export function GET(request: NextRequest): Response {
  return new Response(request.url);
}

@Controller('admin')
export class AdminController {
  @Get()
  status(): string {
    return 'ok';
  }

  // Not a route: only start-up code below calls it.
  loadBanner(): string {
    return readFileSync('/srv/banner.txt', 'utf8');
  }
}

export const banner = new AdminController().loadBanner();
