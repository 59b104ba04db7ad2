// The median of a set of values (pure): the middle one, or the mean of the two middle ones;
// NaN for an empty set. Callers leave out unknown (NaN) values first.
#ifndef INSOLE_ANALYSIS_MEDIAN_H_
#define INSOLE_ANALYSIS_MEDIAN_H_

#include <vector>

namespace insole::analysis {

double median(std::vector<double> values);

}  // namespace insole::analysis

#endif  // INSOLE_ANALYSIS_MEDIAN_H_
