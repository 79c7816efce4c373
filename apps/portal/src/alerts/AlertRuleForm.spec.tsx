import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AlertRuleForm, type AlertRuleValues } from './AlertRuleForm';

function setup(initial?: Parameters<typeof AlertRuleForm>[0]['initial']) {
  const onSubmit = jest.fn<void, [AlertRuleValues]>();
  render(
    <AlertRuleForm
      initial={initial}
      defaultRecipient="dev@studio.example"
      submitLabel="Create rule"
      busy={false}
      onSubmit={onSubmit}
      onCancel={() => undefined}
    />,
  );
  return { onSubmit, user: userEvent.setup() };
}

describe('the alert rule form', () => {
  it('names every missing field next to it and sends nothing', async () => {
    const { user, onSubmit } = setup();
    await user.clear(screen.getByLabelText('Email recipients'));
    await user.click(screen.getByRole('button', { name: 'Create rule' }));
    expect(screen.getByText('Rule name is required.')).toBeInTheDocument();
    expect(screen.getByText('Threshold is required.')).toBeInTheDocument();
    expect(screen.getByText('Add at least one recipient.')).toBeInTheDocument();
    expect(screen.getByLabelText('Rule name')).toHaveAttribute('aria-invalid', 'true');
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('sends a players-reached rule without window or event filter (core refuses them for that kind)', async () => {
    const { user, onSubmit } = setup();
    await user.type(screen.getByLabelText('Rule name'), '1000 players');
    await user.type(screen.getByLabelText('Unique players', { exact: true }), '1000');
    await user.click(screen.getByRole('button', { name: 'Create rule' }));
    expect(onSubmit).toHaveBeenCalledWith({
      name: '1000 players',
      kind: 'PLAYERS_REACHED',
      threshold: 1000,
      windowSeconds: null,
      cooldownSeconds: null,
      eventType: null,
      eventName: null,
      recipients: ['dev@studio.example'],
      enabled: true,
    });
  });

  it('asks an event-count rule for its events and window, and converts minutes to seconds', async () => {
    const { user, onSubmit } = setup();
    await user.type(screen.getByLabelText('Rule name'), 'Error spike');
    await user.click(screen.getByRole('radio', { name: /Event count/ }));
    await user.type(screen.getByLabelText('Events in the window'), '50');
    await user.clear(screen.getByLabelText('Window (minutes)'));
    await user.click(screen.getByRole('button', { name: 'Create rule' }));
    expect(screen.getByText('Choose the events to count, or name a custom event.')).toBeInTheDocument();
    expect(screen.getByText('Window is required.')).toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText('Events to count'), 'ERROR');
    await user.type(screen.getByLabelText('Window (minutes)'), '10');
    await user.type(screen.getByLabelText('Custom event name (optional)'), 'Boss:Defeated');
    await user.click(screen.getByRole('button', { name: 'Create rule' }));
    // A name only applies to custom events.
    expect(screen.getByText('An event name applies to custom (design) events only.')).toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText('Events to count'), 'DESIGN');
    await user.clear(screen.getByLabelText('Email recipients'));
    await user.type(screen.getByLabelText('Email recipients'), 'a@studio.example, B@studio.example');
    await user.click(screen.getByRole('button', { name: 'Create rule' }));
    expect(onSubmit).toHaveBeenCalledWith(
      expect.objectContaining({
        kind: 'EVENT_COUNT',
        threshold: 50,
        windowSeconds: 600,
        cooldownSeconds: null,
        eventType: 'DESIGN',
        eventName: 'Boss:Defeated',
        recipients: ['a@studio.example', 'b@studio.example'],
      }),
    );
  });

  it('starts from the rule being edited', () => {
    setup({
      __typename: 'AlertRule',
      id: 'r1',
      name: 'Purchases',
      kind: 'EVENT_COUNT',
      enabled: false,
      threshold: 20,
      windowSeconds: 3600,
      cooldownSeconds: 7200,
      eventType: 'PURCHASE',
      eventName: null,
      recipients: ['ops@studio.example'],
      createdAt: '2026-11-24T10:00:00.000Z',
      updatedAt: '2026-11-24T10:00:00.000Z',
    });
    expect(screen.getByLabelText('Rule name')).toHaveValue('Purchases');
    expect(screen.getByLabelText('Window (minutes)')).toHaveValue('60');
    expect(screen.getByLabelText('Cool-down (minutes, optional)')).toHaveValue('120');
    expect(screen.getByLabelText('Events to count')).toHaveValue('PURCHASE');
    expect(screen.getByRole('checkbox', { name: 'Enabled' })).not.toBeChecked();
  });
});
