#include "insole/fitting/ranking_json.h"

namespace insole::fitting {

nlohmann::json ranking_json(const Ranking& ranking) {
  nlohmann::json list = nlohmann::json::array();
  for (const TrialRank& r : ranking.ranking) {
    list.push_back(
        {{"trial_id", r.trial_id}, {"rank", r.rank}, {"score", r.score}, {"reasons", r.reasons}});
  }
  return {{"ranking", std::move(list)}, {"summary", ranking.summary}, {"rule", "docs/fitting.md"}};
}

}  // namespace insole::fitting
