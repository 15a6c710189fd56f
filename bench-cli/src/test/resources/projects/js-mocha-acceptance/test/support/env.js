'use strict';
process.env.NODE_ENV = 'test';
