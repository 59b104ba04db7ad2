// The serial device paths the service looks at (I/O: the file system).
#ifndef INSOLE_LINK_SERIAL_PATHS_H_
#define INSOLE_LINK_SERIAL_PATHS_H_

#include <optional>
#include <string>
#include <vector>

namespace insole::link {

// Paths that exist now and match any of the glob(7) patterns, sorted, without duplicates.
// Symlinks (/dev/serial/by-id/...) are returned as matched, not resolved.
std::vector<std::string> expand_serial_globs(const std::vector<std::string>& patterns);

// The device file a serial URI (serial:PATH or a bare /path) opens, with symlinks resolved, so
// two names of one tty are recognised; nullopt for other URIs or a path that does not exist.
std::optional<std::string> serial_device_file(const std::string& uri);

}  // namespace insole::link

#endif  // INSOLE_LINK_SERIAL_PATHS_H_
