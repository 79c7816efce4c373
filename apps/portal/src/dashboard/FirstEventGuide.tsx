import { Link } from 'react-router';
import { SnippetTabs } from '../clients/SnippetTabs';

/** The dashboard of a game that never received an event: how to send the first one. */
export function FirstEventGuide({ clientsPath }: { clientsPath: string }) {
  return (
    <section className="card onboarding" aria-labelledby="first-event-title" data-testid="first-event-guide">
      <h2 id="first-event-title" className="card-title">
        No events yet: here is how to send one
      </h2>
      <ol className="steps">
        <li>
          <Link to={clientsPath}>Register a game client and create an API key</Link> (the key is shown once).
        </li>
        <li>Add the SDK to your game and start it with the key, as below.</li>
        <li>Play: this page refreshes by itself and shows the first events within seconds.</li>
      </ol>
      <SnippetTabs />
      <p className="muted small" role="status">
        <span className="spinner spinner-small" aria-hidden="true" /> Waiting for the first event…
      </p>
    </section>
  );
}
