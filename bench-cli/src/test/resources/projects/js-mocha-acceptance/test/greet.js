'use strict';
const assert = require('node:assert');
const { greet } = require('../lib/greet');

describe('greet', () => {
  it('runs with the environment the test script requires', () => {
    assert.strictEqual(process.env.NODE_ENV, 'test');
    assert.strictEqual(greet('ada'), 'hello ada');
  });
});
