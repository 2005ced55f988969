// Content codings for responses: choosing one from a request's Accept-Encoding (RFC 9110
// section 12.5.3, q-values included) and compressing a body with gzip (zlib) or brotli. Plain
// functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace dateline::http {

enum class ContentCoding { kIdentity, kGzip, kBrotli };

// The coding to send for `accept_encoding` when every one of them is available: the acceptable
// coding with the highest q-value, brotli before gzip before identity on a tie. An empty or
// absent header means identity. When nothing is acceptable (e.g. "identity;q=0" alone) identity
// is returned: the response goes out uncoded rather than not at all.
ContentCoding choose_coding(std::string_view accept_encoding);

// "br", "gzip"; "" for identity (no Content-Encoding header).
std::string_view coding_name(ContentCoding coding);

// The data compressed as a gzip member (zlib, level 6) or a brotli stream (quality 5: the
// bytes are computed once per cached page, not per request). Empty on failure (never expected).
std::string gzip_compress(std::string_view data);
std::string brotli_compress(std::string_view data);

}  // namespace dateline::http
