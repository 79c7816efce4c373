import type { ErrorLike } from '@apollo/client';
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { ConfirmDialog, useConfirm } from './ConfirmDialog';

describe('the confirmation dialog', () => {
  it('asks to type the name before a destructive action, and closes on Escape', async () => {
    const user = userEvent.setup();
    const onConfirm = jest.fn();
    const onCancel = jest.fn();
    render(
      <ConfirmDialog
        title="Delete Pixel Forge?"
        confirmLabel="Delete studio"
        danger
        typeToConfirm="Pixel Forge"
        onConfirm={onConfirm}
        onCancel={onCancel}
      >
        <p>This cannot be undone.</p>
      </ConfirmDialog>,
    );
    const dialog = screen.getByRole('dialog', { name: 'Delete Pixel Forge?' });
    expect(dialog).toHaveAttribute('aria-modal', 'true');
    // Focus moves into the dialog, onto the field to type in.
    expect(screen.getByLabelText(/to confirm/)).toHaveFocus();
    const confirm = screen.getByRole('button', { name: 'Delete studio' });
    expect(confirm).toBeDisabled();
    await user.type(screen.getByLabelText(/to confirm/), 'Pixel Forge');
    expect(confirm).toBeEnabled();
    await user.click(confirm);
    expect(onConfirm).toHaveBeenCalledTimes(1);
    await user.keyboard('{Escape}');
    expect(onCancel).toHaveBeenCalledTimes(1);
  });

  it('keeps Tab inside the dialog', async () => {
    const user = userEvent.setup();
    render(
      <ConfirmDialog
        title="Revoke key?"
        confirmLabel="Revoke key"
        danger
        onConfirm={() => undefined}
        onCancel={() => undefined}
      >
        <p>Game builds using it are refused.</p>
      </ConfirmDialog>,
    );
    // Destructive without typing: the safe choice has focus first.
    expect(screen.getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.tab();
    expect(screen.getByRole('button', { name: 'Revoke key' })).toHaveFocus();
    await user.tab();
    expect(screen.getByRole('button', { name: 'Cancel' })).toHaveFocus();
  });
});

describe('a confirmation that runs a mutation (useConfirm)', () => {
  /** A page with one "Revoke" per key and a stand-in mutation the test settles by hand. */
  function Keys({ run }: { run: (key: string) => Promise<void> }) {
    const [state, setState] = useState<{ loading: boolean; error?: ErrorLike }>({ loading: false });
    const reset = () => setState({ loading: false });
    const revoking = useConfirm({ ...state, reset }, async (key: string) => {
      setState({ loading: true });
      try {
        await run(key);
        setState({ loading: false });
      } catch (e) {
        setState({ loading: false, error: e as ErrorLike });
        throw e;
      }
    });
    return (
      <>
        {['alpha', 'beta'].map((k) => (
          <button key={k} type="button" onClick={() => revoking.ask(k)}>
            Revoke {k}
          </button>
        ))}
        {revoking.target && (
          <ConfirmDialog
            title={`Revoke ${revoking.target}?`}
            confirmLabel="Revoke key"
            danger
            {...revoking.dialog}
          >
            <p>Builds using it are refused.</p>
          </ConfirmDialog>
        )}
      </>
    );
  }

  it('runs for the thing asked about, stays open with the error in words, forgets it on Cancel, and closes once it succeeds', async () => {
    const user = userEvent.setup();
    const settle: { resolve?: () => void; reject?: (e: Error) => void } = {};
    const run = jest.fn(
      () =>
        new Promise<void>((resolve, reject) => {
          Object.assign(settle, { resolve, reject });
        }),
    );
    render(<Keys run={run} />);

    await user.click(screen.getByRole('button', { name: 'Revoke beta' }));
    let dialog = screen.getByRole('dialog', { name: 'Revoke beta?' });
    await user.click(within(dialog).getByRole('button', { name: 'Revoke key' }));
    expect(run).toHaveBeenCalledWith('beta');
    expect(within(dialog).getByRole('button', { name: 'Working…' })).toBeDisabled();
    await act(async () => settle.reject!(new TypeError('Failed to fetch')));
    expect(within(dialog).getByRole('alert')).toHaveTextContent('Cannot reach the server');

    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Revoke alpha' }));
    dialog = screen.getByRole('dialog', { name: 'Revoke alpha?' });
    expect(within(dialog).queryByRole('alert')).not.toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Revoke key' }));
    await act(async () => settle.resolve!());
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(run.mock.calls).toEqual([['beta'], ['alpha']]);
  });
});
