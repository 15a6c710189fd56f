'use strict';

const FACTORS = { mm: 0.001, cm: 0.01, m: 1, km: 1000 };

function convert(value, from, to) {
  if (!(from in FACTORS) || !(to in FACTORS)) {
    throw new Error(`unknown unit ${from in FACTORS ? to : from}`);
  }
  return (value * FACTORS[from]) / FACTORS[to];
}

function format(value, unit) {
  return `${Number(value.toFixed(3))} ${unit}`;
}

module.exports = { convert, format };
