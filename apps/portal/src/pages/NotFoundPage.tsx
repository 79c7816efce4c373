import { Link } from 'react-router';
import { PageHeader } from '../components/PageHeader';

export function NotFoundPage({ what = 'page' }: { what?: string }) {
  return (
    <div className="page">
      <PageHeader title={`This ${what} does not exist`} subtitle="Or you do not have access to it." />
      <p>
        <Link to="/">Go to your studios</Link>
      </p>
    </div>
  );
}
