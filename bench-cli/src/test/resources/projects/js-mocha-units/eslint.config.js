module.exports = [{ rules: {} }];
