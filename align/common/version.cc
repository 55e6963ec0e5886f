#include "align/common/version.h"

namespace talign {

const char* version() { return TALIGN_VERSION; }

}  // namespace talign
