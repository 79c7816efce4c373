import { screen, within } from '@testing-library/react';
import { GraphQLError } from 'graphql';
import {
  CreateSigningSecretDocument,
  RevokeSigningSecretDocument,
  SetSigningRequiredDocument,
  type GameClientFieldsFragment,
  type Role,
  type SigningSecretFieldsFragment,
} from '../generated/graphql';
import { ClientsPage } from '../pages/ClientsPage';
import { gameClientsMock } from '../test/mocks';
import { renderPage, type Mock } from '../test/render';

// The clients page with one Unity client, so a mutation's refetch of GameClients shows its effect.
const PATH = '/studios/:studioId/games/:gameId/clients';
const URL = '/studios/s1/games/g1/clients';
const ref = { studioId: 's1', gameId: 'g1', clientId: 'c1' };

const secret = (
  id: string,
  over: Partial<SigningSecretFieldsFragment> = {},
): SigningSecretFieldsFragment => ({
  __typename: 'SigningSecret',
  id,
  displayPrefix: `gts_${id}Abcdef`.slice(0, 12),
  status: 'ACTIVE',
  createdAt: '2026-11-20T10:00:00.000Z',
  expiresAt: null,
  revokedAt: null,
  ...over,
});

function client(required: boolean, secrets: SigningSecretFieldsFragment[]): GameClientFieldsFragment {
  return {
    __typename: 'GameClient',
    id: 'c1',
    name: 'Steam build',
    platform: 'UNITY',
    createdAt: '2026-11-20T10:00:00.000Z',
    signingRequired: required,
    apiKeys: [],
    signing: { __typename: 'RequestSigning', required, secrets },
  };
}

const clients = (c: GameClientFieldsFragment, role: Role = 'ADMIN'): Mock =>
  gameClientsMock({ role, clients: [c] });

const refused = (reason: string, message: string) => ({
  errors: [new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', reason } })],
});

const section = () => screen.findByTestId('signing');

describe('request signing on a game client', () => {
  it('explains why signatures cannot be required yet, creates a secret and shows it once with the SDK options', async () => {
    const created = secret('s1');
    const { user } = renderPage(<ClientsPage />, {
      path: PATH,
      url: URL,
      mocks: [
        clients(client(false, [])),
        {
          request: {
            query: CreateSigningSecretDocument,
            variables: { input: { ...ref, graceHours: undefined } },
          },
          result: {
            data: {
              createSigningSecret: {
                __typename: 'CreatedSigningSecret',
                secret: 'gts_TOPSECRETvalue',
                signingSecret: created,
                previous: null,
              },
            },
          },
        },
        clients(client(false, [created])),
      ],
    });
    const signing = await section();
    const toggle = within(signing).getByRole('switch', { name: 'Require signed requests' });
    expect(toggle).toBeDisabled();
    expect(toggle).not.toBeChecked();
    expect(toggle).toHaveAccessibleDescription(/requiring signatures needs an active secret/);

    await user.click(within(signing).getByRole('button', { name: 'Create secret' }));
    expect(await within(signing).findByTestId('secret-value')).toHaveValue('gts_TOPSECRETvalue');
    expect(within(signing).getByText('Copy it now: you will not see this again.')).toBeInTheDocument();
    expect(within(signing).getByText(/The portal never shows it again/)).toBeInTheDocument();
    await user.click(within(signing).getByRole('button', { name: 'Copy signing secret' }));
    expect(await within(signing).findByText('Copied')).toBeInTheDocument();
    // Unity first for a Unity client, with the secret in TelemetryConfig.SigningSecret.
    expect(within(signing).getByRole('tab', { name: 'Unity' })).toHaveAttribute('aria-selected', 'true');
    expect(within(signing).getByRole('tabpanel')).toHaveTextContent('SigningSecret = "gts_TOPSECRETvalue"');
    await user.click(within(signing).getByRole('tab', { name: 'Unreal' }));
    expect(within(signing).getByRole('tabpanel')).toHaveTextContent('SigningSecret=gts_TOPSECRETvalue');
    await user.click(within(signing).getByRole('tab', { name: 'Web' }));
    expect(within(signing).getByRole('tabpanel')).toHaveTextContent('signingSecret: "gts_TOPSECRETvalue"');

    // The list (after the refetch) has the prefix, never the secret; the switch can be turned on now.
    const row = await within(signing).findByTestId('signing-secret-s1');
    expect(within(row).getByText('gts_s1Abcdef…')).toBeInTheDocument();
    expect(within(row).getByText('Active')).toBeInTheDocument();
    expect(toggle).toBeEnabled();

    await user.click(within(signing).getByRole('button', { name: 'I have copied it' }));
    expect(screen.queryByText(/gts_TOPSECRETvalue/)).not.toBeInTheDocument();
    expect(within(signing).getByRole('button', { name: 'Rotate secret' })).toBeInTheDocument();
  });

  it('rotates with a grace period: the old secret stays active until it ends', async () => {
    const old = secret('s1');
    const fresh = secret('s2', { createdAt: '2026-11-24T10:00:00.000Z' });
    const graced = { ...old, expiresAt: '2099-11-25T10:00:00.000Z' };
    const { user } = renderPage(<ClientsPage />, {
      path: PATH,
      url: URL,
      mocks: [
        clients(client(false, [old])),
        {
          request: { query: CreateSigningSecretDocument, variables: { input: { ...ref, graceHours: 24 } } },
          result: {
            data: {
              createSigningSecret: {
                __typename: 'CreatedSigningSecret',
                secret: 'gts_ROTATEDvalue',
                signingSecret: fresh,
                previous: graced,
              },
            },
          },
        },
        clients(client(false, [fresh, graced])),
      ],
    });
    const signing = await section();
    await user.click(within(signing).getByRole('button', { name: 'Rotate secret' }));
    const dialog = screen.getByRole('dialog', { name: 'Rotate the signing secret?' });
    expect(dialog).toHaveTextContent('gts_s1Abcdef…');
    await user.selectOptions(within(dialog).getByLabelText('The current secret keeps verifying for'), '24');
    await user.click(within(dialog).getByRole('button', { name: 'Rotate secret' }));

    expect(await within(signing).findByTestId('secret-value')).toHaveValue('gts_ROTATEDvalue');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    const oldRow = await within(signing).findByTestId('signing-secret-s1');
    expect(within(oldRow).getByText('Active')).toBeInTheDocument();
    expect(within(oldRow).getByText(/^in /)).toBeInTheDocument();
    expect(within(within(signing).getByTestId('signing-secret-s2')).getByText('—')).toBeInTheDocument();
  });

  it('asks before requiring signed requests, since unsigned builds are then refused with 401', async () => {
    const live = secret('s1');
    const { user } = renderPage(<ClientsPage />, {
      path: PATH,
      url: URL,
      mocks: [
        clients(client(false, [live])),
        {
          request: { query: SetSigningRequiredDocument, variables: { input: { ...ref, required: true } } },
          result: {
            data: {
              setSigningRequired: { __typename: 'RequestSigning', gameClientId: 'c1', required: true },
            },
          },
        },
        clients(client(true, [live])),
      ],
    });
    const signing = await section();
    await user.click(within(signing).getByRole('switch', { name: 'Require signed requests' }));
    const dialog = screen.getByRole('dialog', { name: 'Require signed requests from Steam build?' });
    expect(dialog).toHaveTextContent('401');
    expect(dialog).toHaveTextContent(/builds already in players’ hands/);
    // Nothing changed yet: cancelling leaves it off.
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(within(signing).getByRole('switch')).not.toBeChecked();

    await user.click(within(signing).getByRole('switch', { name: 'Require signed requests' }));
    await user.click(screen.getByRole('button', { name: 'Require signed requests' }));
    expect(await screen.findByText('Signed requests only')).toBeInTheDocument();
    expect(within(signing).getByRole('switch')).toBeChecked();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    // The only live secret cannot be revoked now, and the page says why.
    const revoke = within(signing).getByRole('button', { name: 'Revoke signing secret gts_s1Abcdef' });
    expect(revoke).toBeDisabled();
    expect(revoke).toHaveAccessibleDescription(/cannot be revoked while signed requests are required/);
  });

  it('shows core’s SIGNING_SECRET_REQUIRED refusal in words when the secret went away meanwhile', async () => {
    const { user } = renderPage(<ClientsPage />, {
      path: PATH,
      url: URL,
      mocks: [
        clients(client(false, [secret('s1')])),
        {
          request: { query: SetSigningRequiredDocument, variables: { input: { ...ref, required: true } } },
          result: refused('SIGNING_SECRET_REQUIRED', 'Create a signing secret before requiring signatures'),
        },
      ],
    });
    const signing = await section();
    await user.click(within(signing).getByRole('switch', { name: 'Require signed requests' }));
    await user.click(screen.getByRole('button', { name: 'Require signed requests' }));
    const alert = await within(screen.getByRole('dialog')).findByRole('alert');
    expect(alert).toHaveTextContent(/needs an active signing secret\. Create one, ship builds that use it/);
  });

  it('revokes a secret after confirmation, and explains SIGNING_LAST_SECRET when another admin required signing meanwhile', async () => {
    const a = secret('s2');
    const b = secret('s1', { expiresAt: '2099-11-25T10:00:00.000Z' });
    const { user } = renderPage(<ClientsPage />, {
      path: PATH,
      url: URL,
      mocks: [
        clients(client(false, [a, b])),
        {
          request: { query: RevokeSigningSecretDocument, variables: { input: { ...ref, secretId: 's1' } } },
          result: {
            data: {
              revokeSigningSecret: { ...b, status: 'REVOKED', revokedAt: '2026-11-24T11:00:00.000Z' },
            },
          },
        },
        clients(client(false, [a, { ...b, status: 'REVOKED', revokedAt: '2026-11-24T11:00:00.000Z' }])),
        {
          request: { query: RevokeSigningSecretDocument, variables: { input: { ...ref, secretId: 's2' } } },
          result: refused('SIGNING_LAST_SECRET', 'This is the last live signing secret'),
        },
      ],
    });
    const signing = await section();
    await user.click(within(signing).getByRole('button', { name: 'Revoke signing secret gts_s1Abcdef' }));
    let dialog = screen.getByRole('dialog', { name: 'Revoke signing secret gts_s1Abcdef…?' });
    expect(dialog).toHaveTextContent('stop verifying within seconds');
    await user.click(within(dialog).getByRole('button', { name: 'Revoke secret' }));
    const row = await within(signing).findByTestId('signing-secret-s1');
    expect(await within(row).findByText('Revoked')).toBeInTheDocument();
    expect(within(row).queryByRole('button')).not.toBeInTheDocument();

    await user.click(within(signing).getByRole('button', { name: 'Revoke signing secret gts_s2Abcdef' }));
    dialog = screen.getByRole('dialog', { name: 'Revoke signing secret gts_s2Abcdef…?' });
    await user.click(within(dialog).getByRole('button', { name: 'Revoke secret' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      /last active secret of a client that requires signed requests\. Turn off “Require signed requests” first, or rotate/,
    );
  });

  it('turns the requirement off without a dialog', async () => {
    const live = secret('s1');
    const { user } = renderPage(<ClientsPage />, {
      path: PATH,
      url: URL,
      mocks: [
        clients(client(true, [live])),
        {
          request: { query: SetSigningRequiredDocument, variables: { input: { ...ref, required: false } } },
          result: {
            data: {
              setSigningRequired: { __typename: 'RequestSigning', gameClientId: 'c1', required: false },
            },
          },
        },
        clients(client(false, [live])),
      ],
    });
    const signing = await section();
    const toggle = within(signing).getByRole('switch', { name: 'Require signed requests' });
    expect(toggle).toBeChecked();
    await user.click(toggle);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await screen.findByText('Signatures are checked when present, not required.');
    expect(toggle).not.toBeChecked();
  });

  it('shows members the policy and the secrets, and nothing to change', async () => {
    renderPage(<ClientsPage />, {
      path: PATH,
      url: URL,
      mocks: [clients(client(true, [secret('s1')]), 'MEMBER')],
    });
    const signing = await section();
    expect(within(signing).getByText('Required')).toBeInTheDocument();
    expect(within(signing).getByTestId('signing-secret-s1')).toHaveTextContent('gts_s1Abcdef…');
    expect(within(signing).queryByRole('switch')).not.toBeInTheDocument();
    expect(within(signing).queryByRole('button')).not.toBeInTheDocument();
  });
});
