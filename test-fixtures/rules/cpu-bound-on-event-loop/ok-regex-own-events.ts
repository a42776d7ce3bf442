// A super-linear regex in a listener for an event that a class of this program emits
// itself, with its own short command lines: the payload is what its emit() passes,
// which is not data from outside.
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';

class CommandClient extends EventEmitter {
  constructor(private readonly socket: Socket) {
    super();
  }

  sendCommand(command: string, data?: string): void {
    const line = command === 'dot' ? '.' : command + (data ? ` ${data}` : '');
    this.emit('client_protocol', line);
    this.socket.write(`${line}\r\n`);
  }
}

export function logProtocol(socket: Socket, log: (line: string) => void): CommandClient {
  const client = new CommandClient(socket);
  client.on('client_protocol', (line: string) => {
    log(/^\d*\w+!$/.test(line) ? '[redacted]' : line);
  });
  return client;
}
