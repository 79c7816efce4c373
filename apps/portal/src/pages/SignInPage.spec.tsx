import { screen, waitFor } from '@testing-library/react';
import { AuthConfigDocument } from '../generated/graphql';
import { renderPage, type Mock } from '../test/render';
import { SignInPage } from './SignInPage';

function authConfig(devLoginEnabled: boolean, googleEnabled: boolean): Mock {
  return {
    request: { query: AuthConfigDocument },
    result: {
      data: {
        authConfig: {
          __typename: 'AuthConfig',
          devLoginEnabled,
          devLoginUrl: '/auth/dev',
          googleEnabled,
          googleLoginUrl: '/auth/google',
          logoutUrl: '/auth/logout',
        },
      },
    },
  };
}

const fetchMock = jest.fn<Promise<Response>, Parameters<typeof fetch>>();

/** jsdom has no fetch Response: the part the portal reads. */
function response(status: number, body?: unknown): Response {
  return { ok: status >= 200 && status < 300, status, json: async () => body } as Response;
}

beforeEach(() => {
  fetchMock.mockReset();
  globalThis.fetch = fetchMock as unknown as typeof fetch;
});

describe('the sign-in page', () => {
  it('offers Google with the page to come back to, and no development sign-in when the server has none', async () => {
    renderPage(<SignInPage />, {
      path: '/sign-in',
      url: '/sign-in?returnTo=%2Ftokens',
      mocks: [authConfig(false, true)],
    });
    const google = await screen.findByRole('link', { name: 'Sign in with Google' });
    expect(google).toHaveAttribute('href', '/auth/google?returnTo=%2Ftokens');
    expect(screen.queryByRole('heading', { name: 'Development sign-in' })).not.toBeInTheDocument();
  });

  it('says what is wrong with the email before asking the server', async () => {
    const { user } = renderPage(<SignInPage />, {
      path: '/sign-in',
      url: '/sign-in',
      mocks: [authConfig(true, false)],
    });
    await user.click(await screen.findByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Email is required.')).toBeInTheDocument();
    expect(screen.getByLabelText('Email')).toHaveAttribute('aria-invalid', 'true');
    await user.type(screen.getByLabelText('Email'), 'not-an-email');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText(/Enter an email address/)).toBeInTheDocument();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('signs in with the development form and goes back where the person was', async () => {
    fetchMock.mockResolvedValue(response(204));
    const { user, router } = renderPage(<SignInPage />, {
      path: '/sign-in',
      url: '/sign-in?returnTo=%2Fstudios%2Fs1',
      mocks: [authConfig(true, false)],
    });
    await user.type(await screen.findByLabelText('Email'), 'dev@studio.example');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/studios/s1'));
    expect(fetchMock).toHaveBeenCalledWith(
      '/auth/dev',
      expect.objectContaining({ method: 'POST', body: JSON.stringify({ email: 'dev@studio.example' }) }),
    );
  });

  it('shows the server’s refusal', async () => {
    fetchMock.mockResolvedValue(
      response(404, { detail: 'The development sign-in is not enabled on this server' }),
    );
    const { user } = renderPage(<SignInPage />, {
      path: '/sign-in',
      url: '/sign-in',
      mocks: [authConfig(true, false)],
    });
    await user.type(await screen.findByLabelText('Email'), 'dev@studio.example');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('not enabled on this server');
  });

  it('explains an ended session and a failed Google sign-in', async () => {
    renderPage(<SignInPage />, {
      path: '/sign-in',
      url: '/sign-in?reason=expired&authError=email_unverified',
      mocks: [authConfig(true, true)],
    });
    expect(screen.getByText(/Your session has ended/)).toBeInTheDocument();
    expect(screen.getByText(/Google has not verified this email address/)).toBeInTheDocument();
  });
});
