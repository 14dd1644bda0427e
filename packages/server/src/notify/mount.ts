/**
 * Notifications in a server: the routes (added to the route table, so they are documented and
 * walked by the access tests like every other) and the delivery loop, started with the server
 * and stopped before it closes its databases.
 */
import type { FastifyInstance } from 'fastify';
import { registerRoutes } from '../http/register.js';
import type { Route } from '../http/route.js';
import { NotificationRepository } from '../meta/notifications.js';
import type { Services } from '../services.js';
import { serverDirectory } from './directory.js';
import { notificationRoutes } from './routes.js';
import { type NotificationOptions, NotificationWorker } from './worker.js';

export type { NotificationOptions };

declare module 'fastify' {
  interface FastifyInstance {
    /** The server's notification loop: tests and `markpi monitor run` drive it with `tick()`. */
    notifications: NotificationWorker;
  }
}

export async function mountNotifications(
  app: FastifyInstance,
  routes: Route[],
  services: Services,
  options: NotificationOptions = {},
): Promise<NotificationWorker> {
  routes.push(...notificationRoutes);
  registerRoutes(app, notificationRoutes, services);
  const worker = new NotificationWorker(
    new NotificationRepository(services.meta),
    serverDirectory(services),
    services.now,
    options,
  );
  app.decorate('notifications', worker);
  // Before the server's own close hooks shut the databases the loop writes to.
  app.addHook('preClose', async () => {
    await worker.stop();
  });
  if (options.worker ?? true) await worker.start();
  return worker;
}
