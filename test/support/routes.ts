import { type INestApplication, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';
import { NO_STORE_KEY, PERMISSION_KEY, PUBLIC_KEY } from '../../src/common/auth/access.decorators';
import type { Permission } from '../../src/common/auth/permissions';
import { WEB_PAGE_KEY } from '../../src/web/web-pages.decorator';

export interface RouteInfo {
  /** e.g. "PATCH /users/:id" */
  key: string;
  method: string;
  path: string;
  permission?: Permission;
  isPublic: boolean;
  /** A public route that still must not be cached (it hands out tokens). */
  noStore: boolean;
  /** A page for browsers (session cookie and CSRF token), not an API route (bearer token). */
  webPage: boolean;
}

const join = (...parts: string[]) =>
  `/${parts
    .flatMap((p) => p.split('/'))
    .filter(Boolean)
    .join('/')}`;

/** Every route the application serves, read from Nest's own metadata, with what it requires. */
export function listRoutes(app: INestApplication): RouteInfo[] {
  const scanner = new MetadataScanner();
  const routes: RouteInfo[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!controller) continue;
      const base: string = Reflect.getMetadata(PATH_METADATA, controller) ?? '';
      for (const name of scanner.getAllMethodNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name] as object;
        const path: string | undefined = Reflect.getMetadata(PATH_METADATA, handler);
        if (path === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        const fullPath = join(base, path);
        routes.push({
          key: `${method} ${fullPath}`,
          method,
          path: fullPath,
          permission: Reflect.getMetadata(PERMISSION_KEY, handler) ?? Reflect.getMetadata(PERMISSION_KEY, controller),
          isPublic: Boolean(Reflect.getMetadata(PUBLIC_KEY, handler) ?? Reflect.getMetadata(PUBLIC_KEY, controller)),
          noStore: Boolean(Reflect.getMetadata(NO_STORE_KEY, handler) ?? Reflect.getMetadata(NO_STORE_KEY, controller)),
          webPage: Boolean(Reflect.getMetadata(WEB_PAGE_KEY, handler) ?? Reflect.getMetadata(WEB_PAGE_KEY, controller)),
        });
      }
    }
  }
  return routes.sort((a, b) => a.key.localeCompare(b.key));
}
