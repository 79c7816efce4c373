import {
  designNameProblem,
  emailProblem,
  integerProblem,
  parseEmailList,
  recipientsProblem,
  requiredName,
} from './validation';

describe('form checks', () => {
  it('require a name of at most 100 characters', () => {
    expect(requiredName('  ', 'Game name')).toBe('Game name is required.');
    expect(requiredName('x'.repeat(101))).toBe('Name must be at most 100 characters.');
    expect(requiredName('Star Miners')).toBeUndefined();
  });

  it('check emails and recipient lists', () => {
    expect(emailProblem('')).toBe('Email is required.');
    expect(emailProblem('nope')).toMatch(/Enter an email address/);
    expect(parseEmailList('A@x.io, b@x.io\nA@x.io')).toEqual(['a@x.io', 'b@x.io']);
    expect(recipientsProblem([])).toBe('Add at least one recipient.');
    expect(recipientsProblem(['a@x.io', 'bad'])).toBe('Not an email address: bad');
  });

  it('check whole numbers and design event names', () => {
    expect(integerProblem('1.5', 'Threshold', 1, 10)).toBe('Threshold must be a whole number.');
    expect(integerProblem('0', 'Threshold', 1, 10)).toBe('Threshold must be between 1 and 10.');
    expect(designNameProblem('Boss:Defeated')).toBeUndefined();
    expect(designNameProblem('a:b:c:d:e:f')).toMatch(/up to 5 parts/);
    expect(designNameProblem('has space')).toMatch(/up to 5 parts/);
  });
});
