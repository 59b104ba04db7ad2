// Ranking -> the JSON of GET /api/customers/ID/comparison minus its "trials" (docs/web.md):
// {"ranking":[{"trial_id","rank","score","reasons":[...]}],"summary":"...","rule":"docs/fitting.md"}.
#ifndef INSOLE_FITTING_RANKING_JSON_H_
#define INSOLE_FITTING_RANKING_JSON_H_

#include <nlohmann/json.hpp>

#include "insole/fitting/recommendation.h"

namespace insole::fitting {

nlohmann::json ranking_json(const Ranking& ranking);

}  // namespace insole::fitting

#endif  // INSOLE_FITTING_RANKING_JSON_H_
