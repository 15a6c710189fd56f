from tally.counter import Counter
