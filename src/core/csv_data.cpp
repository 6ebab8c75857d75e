// The CSV reader of a user's own data (core/csv_data.h): lines, fields (quotes allowed
// around a field, "" for a quote inside), numbers, the split, the checks, standardization.
#include "core/csv_data.h"
#include "core/messages.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <set>

namespace dp {

namespace {

std::string trim(const std::string& s) {
  const size_t a = s.find_first_not_of(" \t");
  if (a == std::string::npos) return "";
  return s.substr(a, s.find_last_not_of(" \t") - a + 1);
}

// One line's fields, split at commas outside double quotes.
std::vector<std::string> fields_of(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') cur += '"', ++i;
      else if (c == '"') quoted = false;
      else cur += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.push_back(trim(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  out.push_back(trim(cur));
  return out;
}

bool number_of(const std::string& s, double* v) {
  if (s.empty() || s.size() > 64) return false;
  char* end = nullptr;
  errno = 0;
  const double d = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || errno == ERANGE || !std::isfinite(d)) return false;
  *v = d;
  return true;
}

// "line 3: ...": where in the file the message is about.
std::string at_line(int n, const std::string& message) {
  return say(Msg::csv_line, {std::to_string(n), message});
}

}  // namespace

std::string parse_csv_data(const std::string& text, CsvData* out) {
  if (text.size() > kMaxCsvBytes)
    return say(Msg::csv_too_big,
               {std::to_string(text.size() / 1000), std::to_string(kMaxCsvBytes / 1000)});
  // The lines: \n, \r\n or \r; a UTF-8 byte order mark skipped; blank lines skipped (but
  // counted, so that messages name the file's own line numbers).
  std::vector<std::pair<int, std::string>> lines;
  {
    size_t i = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
    int n = 1;
    while (i <= text.size()) {
      size_t j = text.find_first_of("\r\n", i);
      if (j == std::string::npos) j = text.size();
      const std::string line = text.substr(i, j - i);
      if (!trim(line).empty()) lines.emplace_back(n, line);
      if (lines.size() > static_cast<size_t>(kMaxTrain + kMaxVal) + 1)  // the header and the rows
        return at_line(n, say(Msg::csv_too_many_rows,
                              {std::to_string(kMaxTrain + kMaxVal), std::to_string(kMaxTrain),
                               std::to_string(kMaxVal)}));
      if (j >= text.size()) break;
      i = j + (text[j] == '\r' && j + 1 < text.size() && text[j + 1] == '\n' ? 2 : 1);
      ++n;
    }
  }
  if (lines.empty()) return say(Msg::csv_empty);
  const std::vector<std::string> header = fields_of(lines[0].second);
  const int cols = static_cast<int>(header.size());
  int split_col = -1;
  for (int c = 0; c < cols; ++c)
    if (header[c] == "split") split_col = c;
  const int target_col = split_col == cols - 1 ? cols - 2 : cols - 1;
  std::vector<int> feature_cols;
  for (int c = 0; c < target_col; ++c)
    if (c != split_col) feature_cols.push_back(c);
  if (target_col < 1 || feature_cols.empty())
    return at_line(lines[0].first,
                   say(cols == 1 ? Msg::csv_header_one : Msg::csv_header, {std::to_string(cols)}));
  if (static_cast<int>(feature_cols.size()) > kMaxCsvFeatures)
    return at_line(lines[0].first, say(Msg::csv_features, {std::to_string(feature_cols.size()),
                                                            std::to_string(kMaxCsvFeatures)}));
  if (lines.size() < 2) return at_line(lines[0].first, say(Msg::csv_no_rows));

  const int dim = static_cast<int>(feature_cols.size());
  std::vector<std::vector<double>> rows[2];  // train, val: features then target
  for (size_t li = 1; li < lines.size(); ++li) {
    const int n = lines[li].first;
    const std::vector<std::string> f = fields_of(lines[li].second);
    if (static_cast<int>(f.size()) != cols)
      return f.size() == 1
                 ? at_line(n, say(Msg::csv_row_width_one, {std::to_string(cols)}))
                 : at_line(n, say(Msg::csv_row_width, {std::to_string(f.size()), std::to_string(cols)}));
    int set = 0;
    if (split_col >= 0) {
      if (f[split_col] == "train") set = 0;
      else if (f[split_col] == "val") set = 1;
      else return at_line(n, say(Msg::csv_split, {message_text(f[split_col])}));
    }
    std::vector<double> r(dim + 1);
    for (int k = 0; k <= dim; ++k) {
      const int c = k < dim ? feature_cols[k] : target_col;
      if (!number_of(f[c], &r[k]))
        return at_line(n, say(Msg::csv_not_number, {message_text(header[c]), message_text(f[c])}));
    }
    rows[set].push_back(std::move(r));
  }
  if (split_col < 0) {  // the last 30% of the rows validate
    std::vector<std::vector<double>>& all = rows[0];
    const size_t n_val = std::max<size_t>(1, static_cast<size_t>(std::lround(all.size() * 0.3)));
    if (all.size() < 2) return say(Msg::csv_one_row);
    rows[1].assign(all.end() - static_cast<long>(n_val), all.end());
    all.resize(all.size() - n_val);
  }
  const int n_train = static_cast<int>(rows[0].size()), n_val = static_cast<int>(rows[1].size());
  if (n_train == 0) return say(Msg::csv_no_train);
  if (n_val == 0) return say(Msg::csv_no_val);
  if (n_train > kMaxTrain)
    return say(Msg::csv_train_rows, {std::to_string(n_train), std::to_string(kMaxTrain)});
  if (n_val > kMaxVal)
    return say(Msg::csv_val_rows, {std::to_string(n_val), std::to_string(kMaxVal)});

  // Classification when every target is an integer 0..K-1 (K at most kMaxCsvClasses).
  bool integers = true;
  std::set<double> values;
  for (const auto& set : rows)
    for (const auto& r : set) {
      const double t = r[dim];
      integers = integers && t == std::floor(t) && t >= 0 && t < kMaxCsvClasses;
      if (values.size() < 3) values.insert(t);
    }
  int classes = 0;
  if (integers) {
    double top = 0;
    for (const auto& set : rows)
      for (const auto& r : set) top = std::max(top, r[dim]);
    if (values.size() < 2)
      return say(Msg::csv_one_class,
                 {message_text(header[target_col]), std::to_string(static_cast<int>(top))});
    classes = static_cast<int>(top) + 1;
  }

  CsvData d;
  for (int c : feature_cols) d.features.push_back(header[c]);
  d.target = header[target_col];
  d.n_train = n_train;
  d.n_val = n_val;
  d.classes = classes;
  d.split_column = split_col >= 0;
  d.mean.assign(dim, 0.0);
  d.sd.assign(dim, 0.0);
  for (const auto& r : rows[0])
    for (int k = 0; k < dim; ++k) d.mean[k] += r[k] / n_train;
  for (const auto& r : rows[0])
    for (int k = 0; k < dim; ++k) d.sd[k] += (r[k] - d.mean[k]) * (r[k] - d.mean[k]) / n_train;
  for (int k = 0; k < dim; ++k) {
    d.sd[k] = std::sqrt(d.sd[k]);
    if (!(d.sd[k] > 0) || !std::isfinite(d.sd[k])) d.sd[k] = 1.0;
  }
  for (const auto& set : rows)
    for (const auto& r : set) {
      for (int k = 0; k < dim; ++k) {
        const float v = static_cast<float>((r[k] - d.mean[k]) / d.sd[k]);
        if (!std::isfinite(v)) return say(Msg::csv_feature_big);
        d.x.push_back(v);
      }
      const float t = static_cast<float>(r[dim]);
      if (!std::isfinite(t)) return say(Msg::csv_target_big);
      d.y.push_back(t);
    }
  *out = std::move(d);
  return "";
}

std::string config_with_csv(const Config& base, const CsvData& d, Config* out) {
  Config c = base;
  c.has_xy = true;
  c.x = d.x;
  c.y = d.y;
  c.n_train = d.n_train;
  c.n_val = d.n_val;
  c.loss = d.classes == 0 ? "mse" : d.classes == 2 ? "bce_with_logits" : "cross_entropy";
  c.sizes.front() = static_cast<int>(d.features.size());
  c.sizes.back() = d.classes > 2 ? d.classes : 1;
  c.batch = std::min(c.batch, c.n_train);
  const std::string err = validate(c);
  if (!err.empty()) return err;
  *out = std::move(c);
  return "";
}

}  // namespace dp
