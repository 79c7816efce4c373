import { useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { Badge } from '../components/Badge';
import { TextField } from '../components/Field';
import { PageHeader } from '../components/PageHeader';
import { EmptyState, ErrorNotice, FormError, Loading } from '../components/States';
import { CreateStudioDocument, ViewerDocument } from '../generated/graphql';
import { errorMessage, fieldProblems } from '../lib/errors';
import { ROLE_LABEL } from '../lib/roles';
import { requiredName } from '../lib/validation';

/** The studios the viewer belongs to, and a form to create one (the creator becomes its owner). */
export function StudiosPage() {
  const { data, loading, error, refetch } = useQuery(ViewerDocument);
  const studios = data?.viewer.studios ?? [];
  return (
    <div className="page">
      <PageHeader
        title="Studios"
        subtitle="A studio holds your games, their API keys, alert rules and members."
      />
      <div className="grid-2">
        <section className="card" aria-labelledby="studios-list-title">
          <h2 id="studios-list-title" className="card-title">
            Your studios
          </h2>
          {!data && loading && <Loading />}
          {!data && error && <ErrorNotice error={error} onRetry={() => void refetch()} />}
          {data && studios.length === 0 && (
            <EmptyState title="You are not in a studio yet">
              Create one to add games, or ask a studio owner to invite your email address.
            </EmptyState>
          )}
          {studios.length > 0 && (
            <ul className="list" aria-label="Studios">
              {studios.map((s) => (
                <li key={s.id} className="list-row">
                  <Link to={`/studios/${s.id}`} className="list-link">
                    {s.name}
                  </Link>
                  <Badge>{ROLE_LABEL[s.role]}</Badge>
                </li>
              ))}
            </ul>
          )}
        </section>
        <CreateStudioForm />
      </div>
    </div>
  );
}

export function CreateStudioForm() {
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string>();
  const [create, { loading, error }] = useMutation(CreateStudioDocument, {
    refetchQueries: [{ query: ViewerDocument }],
    awaitRefetchQueries: true,
  });

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const problem = requiredName(name, 'Studio name');
    setNameError(problem);
    if (problem) return;
    try {
      const res = await create({ variables: { input: { name: name.trim() } } });
      const id = res.data?.createStudio.id;
      setName('');
      if (id) void navigate(`/studios/${id}`);
    } catch {
      // Shown below from the mutation's error.
    }
  };

  const serverField = fieldProblems(error).name;
  return (
    <section className="card" aria-labelledby="create-studio-title">
      <h2 id="create-studio-title" className="card-title">
        Create a studio
      </h2>
      <form onSubmit={onSubmit} noValidate className="stack">
        <TextField
          label="Studio name"
          name="studioName"
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={nameError ?? serverField}
          hint="You become its owner. You can rename it later."
          maxLength={100}
          required
        />
        <FormError message={error && !serverField ? errorMessage(error) : undefined} />
        <div>
          <button type="submit" className="button button-primary" disabled={loading}>
            {loading ? 'Creating…' : 'Create studio'}
          </button>
        </div>
      </form>
    </section>
  );
}
