extension OneEuroFilter {
    /// A filter that passes every value through: for landmarks whose motion over a frame or two is the thing
    /// being used. At lip speeds (a few pixels a frame) the default 1€ filter runs near its 1 Hz floor and
    /// hands on an inner-lip gap about a frame late and damped: right for a steady head, wrong for a mouth.
    public static let unsmoothed = OneEuroFilter(minimumCutoff: .infinity)
}
