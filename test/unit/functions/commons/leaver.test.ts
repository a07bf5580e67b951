import { userClientToken } from '../../../../functions/commons/leaver';

describe('userClientToken', () => {
  it('SameOperationEventAndUser_SameToken', () => {
    expect(userClientToken('CreateUser', 'evt-1', 'ada')).toBe(userClientToken('CreateUser', 'evt-1', 'ada'));
  });

  it('OtherOperationEventOrUser_OtherToken', () => {
    const token = userClientToken('CreateUser', 'evt-1', 'ada');

    expect(userClientToken('DisableUser', 'evt-1', 'ada')).not.toBe(token);
    expect(userClientToken('CreateUser', 'evt-2', 'ada')).not.toBe(token);
    expect(userClientToken('CreateUser', 'evt-1', 'grace')).not.toBe(token);
    // The separator keeps "evt-1a" + "da" apart from "evt-1" + "ada"
    expect(userClientToken('CreateUser', 'evt-1a', 'da')).not.toBe(token);
  });

  it('Token_Is64HexCharacters', () => {
    expect(userClientToken('CreateUser', 'evt-1', 'ada')).toMatch(/^[0-9a-f]{64}$/);
  });
});
