import { Link, useRouteError } from 'react-router';

/** A page that threw while rendering: say so plainly and offer a way on, rather than a blank screen. */
export function RouteError() {
  const error = useRouteError();
  const detail = error instanceof Error ? error.message : undefined;
  return (
    <main className="center-page" id="main">
      <div className="notice notice-error" role="alert">
        <div>
          <strong>Something went wrong on this page.</strong>
          {detail && <p className="mono small">{detail}</p>}
          <p>
            <Link to="/">Back to your studios</Link> or reload the page.
          </p>
        </div>
      </div>
    </main>
  );
}
