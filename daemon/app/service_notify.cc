#include "service_notify.h"

#include <systemd/sd-daemon.h>

#include <string>

namespace insole::app::notify {

// unset_environment = 0: a reload sends READY=1 again on the same socket.
void ready() { sd_notify(0, "READY=1"); }
void reloading() { sd_notify(0, "RELOADING=1"); }
void stopping() { sd_notify(0, "STOPPING=1"); }
void status(std::string_view line) { sd_notify(0, ("STATUS=" + std::string(line)).c_str()); }

}  // namespace insole::app::notify
