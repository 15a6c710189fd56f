#[test]
fn negative() {
    assert_eq!(shapes::classify(-1), "negative");
}
