// Test helper: loads the shared MSE reference tables ($GIAI_SOURCE_DIR/../shared/data/mse).
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "estimate/csv_reader.h"

namespace giai::estimate::testing {

inline std::string MseDataPath(const std::string& relative) {
  const char* source = std::getenv("GIAI_SOURCE_DIR");
  return std::string(source ? source : ".") + "/../shared/data/mse/" + relative;
}

// Loads an unstratified table; fails the current test when the file is missing or malformed.
inline CaptureTable LoadTable(const std::string& relative) {
  std::ifstream in(MseDataPath(relative));
  EXPECT_TRUE(in.good()) << "missing " << MseDataPath(relative) << " (is GIAI_SOURCE_DIR set?)";
  Result<StratifiedTables> data = ReadCaptureCsv(in, {});
  EXPECT_TRUE(data.ok()) << data.status().ToString();
  if (!data.ok() || data->tables.empty()) return CaptureTable::Empty({"A", "B", "C"});
  return data->tables.front();
}

}  // namespace giai::estimate::testing
