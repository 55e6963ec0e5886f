// The toolkit's version, as written into --version and output headers.
#pragma once

namespace talign {

// Semantic version string, e.g. "0.1.0".
const char* version();

}  // namespace talign
