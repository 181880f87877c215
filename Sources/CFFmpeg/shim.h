// Imports FFmpeg's libavformat, libavcodec, libswscale, libswresample and libavutil into Swift,
// plus `static inline` helpers for the function-like and compound-literal macros Swift cannot import.
#pragma once
#include <errno.h>
#include <libavformat/avformat.h>
#include <libavcodec/avcodec.h>
#include <libavutil/audio_fifo.h>
#include <libavutil/channel_layout.h>
#include <libavutil/dict.h>
#include <libavutil/display.h>
#include <libavutil/error.h>
#include <libavutil/imgutils.h>
#include <libavutil/opt.h>
#include <libavutil/pixdesc.h>
#include <libavutil/samplefmt.h>
#include <libswresample/swresample.h>
#include <libswscale/swscale.h>

/// AVERROR(EAGAIN): the codec wants more input (or output must be drained first).
static inline int vlg_averror_eagain(void) { return AVERROR(EAGAIN); }
/// AVERROR(ENOENT): no such file.
static inline int vlg_averror_enoent(void) { return AVERROR(ENOENT); }
/// AVERROR(EACCES): permission denied.
static inline int vlg_averror_eacces(void) { return AVERROR(EACCES); }
/// AVERROR_EOF: end of stream.
static inline int vlg_averror_eof(void) { return AVERROR_EOF; }
/// AVERROR_INVALIDDATA: corrupt input.
static inline int vlg_averror_invaliddata(void) { return AVERROR_INVALIDDATA; }
/// AV_NOPTS_VALUE: "no timestamp".
static inline int64_t vlg_av_nopts_value(void) { return AV_NOPTS_VALUE; }
/// AV_TIME_BASE_Q: the microsecond time base of AVFormatContext.duration.
static inline AVRational vlg_av_time_base_q(void) { return AV_TIME_BASE_Q; }

/// av_err2str without the compound literal: writes FFmpeg's message for `code` into `buffer`.
static inline const char *vlg_av_error_string(int code, char *buffer, size_t size) {
    if (av_strerror(code, buffer, size) < 0) snprintf(buffer, size, "FFmpeg error %d", code);
    return buffer;
}

/// Sets the AVFMT_FLAG_* / AV_CODEC_FLAG_GLOBAL_HEADER combination an MP4 stream needs.
static inline int vlg_format_needs_global_header(const AVOutputFormat *format) {
    return (format->flags & AVFMT_GLOBALHEADER) != 0;
}
static inline int vlg_av_codec_flag_global_header(void) { return AV_CODEC_FLAG_GLOBAL_HEADER; }
static inline int vlg_avfmt_nofile(const AVOutputFormat *format) { return (format->flags & AVFMT_NOFILE) != 0; }
static inline int vlg_avio_flag_write(void) { return AVIO_FLAG_WRITE; }
static inline int vlg_av_pix_fmt_flag_alpha(void) { return AV_PIX_FMT_FLAG_ALPHA; }

/// How long a decoded frame is shown, in its stream's time base (0 when the container does not say):
/// FFmpeg 6 renamed AVFrame.pkt_duration to duration.
static inline int64_t vlg_frame_duration(const AVFrame *frame) {
#if LIBAVUTIL_VERSION_MAJOR >= 58
    return frame->duration;
#else
    return frame->pkt_duration;
#endif
}
