'use strict';
const assert = require('node:assert');
const { convert } = require('../lib/units');

describe('convert', () => {
  it('metres to centimetres', () => {
    assert.strictEqual(convert(2, 'm', 'cm'), 200);
  });
});
