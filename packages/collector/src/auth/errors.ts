/** A route registered without a valid `config.access`: a programmer error, refused at startup. */
export class RouteAccessError extends Error {
  readonly code = 'GB_ROUTE_ACCESS_MISSING';
  constructor(method: string | string[], url: string, detail: string) {
    super(
      `route ${[method].flat().join(',')} ${url} ${detail}; declare config.access ('public', 'agent' or { roles })`,
    );
    this.name = 'RouteAccessError';
  }
}
