'use strict';

function greet(name, shout) {
  const text = `hello ${name}`;
  if (shout) {
    return text.toUpperCase() + '!';
  }
  return text;
}

module.exports = { greet };
