'use strict';
const assert = require('node:assert');
const { greet } = require('../../lib/greet');

describe('acceptance: greeting', () => {
  it('greets anyone', () => {
    assert.strictEqual(greet('bob'), 'hello bob');
  });
});
