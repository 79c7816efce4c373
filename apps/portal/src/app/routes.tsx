import type { RouteObject } from 'react-router';
import { AlertsPage } from '../pages/AlertsPage';
import { ClientsPage } from '../pages/ClientsPage';
import { DashboardPage } from '../pages/DashboardPage';
import { GameLayout } from '../pages/GameLayout';
import { HomeRedirect } from '../pages/HomeRedirect';
import { NotFoundPage } from '../pages/NotFoundPage';
import { SignInPage } from '../pages/SignInPage';
import { StudioGamesPage } from '../pages/StudioGamesPage';
import { StudioSettingsPage } from '../pages/StudioSettingsPage';
import { StudiosPage } from '../pages/StudiosPage';
import { TokensPage } from '../pages/TokensPage';
import { AppShell } from './AppShell';
import { RouteError } from './RouteError';

/** Every page of the portal. Shared by the browser router (main.tsx) and the tests' memory router. */
export const routes: RouteObject[] = [
  { path: '/sign-in', element: <SignInPage />, errorElement: <RouteError /> },
  {
    path: '/',
    element: <AppShell />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <HomeRedirect /> },
      { path: 'studios', element: <StudiosPage /> },
      { path: 'studios/:studioId', element: <StudioGamesPage /> },
      { path: 'studios/:studioId/settings', element: <StudioSettingsPage /> },
      {
        path: 'studios/:studioId/games/:gameId',
        element: <GameLayout />,
        children: [
          { index: true, element: <DashboardPage /> },
          { path: 'clients', element: <ClientsPage /> },
          { path: 'alerts', element: <AlertsPage /> },
        ],
      },
      { path: 'tokens', element: <TokensPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];
