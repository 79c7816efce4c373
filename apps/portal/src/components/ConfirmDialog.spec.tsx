import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ConfirmDialog } from './ConfirmDialog';

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
