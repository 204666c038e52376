// The doctest runner for every libcommon unit test (tests/unit/test_<unit>.cpp).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
