import Media

extension VideoReader {
    /// `forEachFrame` for work that fails with a `PipelineError`: `body` gets each decoded frame until it returns
    /// false, and the first error, the decoder's or `body`'s, ends the loop and comes out as one `PipelineError`.
    public func eachFrame(_ body: (VideoFrame) throws(PipelineError) -> Bool) throws(PipelineError) {
        var failure: PipelineError?
        do {
            try forEachFrame { frame throws(MediaError) -> Bool in
                do throws(PipelineError) {
                    return try body(frame)
                } catch {
                    failure = error
                    return false
                }
            }
        } catch {
            throw .media(error)
        }
        if let failure { throw failure }
    }
}
