'use strict';
const { parse } = require('../lib/cli');

test('reads the process arguments by default', () => {
  expect(parse()).toEqual({ verbose: false });
});
