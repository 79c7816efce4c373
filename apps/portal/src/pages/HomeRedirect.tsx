import { useQuery } from '@apollo/client/react';
import { Navigate } from 'react-router';
import { ViewerDocument } from '../generated/graphql';
import { lastStudio } from '../lib/storage';

/** `/` opens the studio the person last used, else their first, else the studio list. */
export function HomeRedirect() {
  const { data } = useQuery(ViewerDocument, { fetchPolicy: 'cache-first' });
  if (!data) return null;
  const { studios, id } = data.viewer;
  const remembered = lastStudio(id);
  const target = studios.find((s) => s.id === remembered) ?? studios[0];
  return <Navigate to={target ? `/studios/${target.id}` : '/studios'} replace />;
}
