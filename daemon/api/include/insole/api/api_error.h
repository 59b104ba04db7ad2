// Errors of the local API: a sentence saying what failed and what to do, for the log or stderr.
#ifndef INSOLE_API_API_ERROR_H_
#define INSOLE_API_API_ERROR_H_

#include <stdexcept>

namespace insole::api {

struct ApiError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A client found no daemon: no socket file, or a stale one nobody answers on.
struct NotRunning : ApiError {
  using ApiError::ApiError;
};

}  // namespace insole::api

#endif  // INSOLE_API_API_ERROR_H_
