// Secure randomness (libsodium's CSPRNG) and the random identifiers built from it.
//
// Thread safe. Call crypto::Init() once at program start (idempotent).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace giai::crypto {

// Initialises libsodium; returns false if the library cannot be used (the program must stop).
bool Init();

std::string RandomBytes(std::size_t n);
std::uint32_t RandomUniform(std::uint32_t upper_bound);  // uniform in [0, upper_bound)

// Random string over Crockford's base32 alphabet (no I, L, O, U): unambiguous when read aloud
// or copied by hand, which matters for pseudonym codes written on paper in the field.
std::string RandomBase32(std::size_t length);

// A URL-safe random token carrying `bytes` bytes of entropy (sessions, API tokens, CSRF).
std::string RandomToken(std::size_t bytes = 32);

}  // namespace giai::crypto

namespace giai::crypto {

// A new opaque identifier "<prefix>_<26 chars>": 48 bits of milliseconds then 80 random bits,
// in Crockford base32, so identifiers sort by creation time (stable list order, cursors) and
// cannot be guessed.
std::string NewId(std::string_view prefix);
// The part of an id of `prefix` drawn at time `t` that sorts by time ("aud_" + 10 characters):
// every id drawn before `t` (to the millisecond) sorts below it, every id drawn at or after it,
// above.
std::string IdTimeBound(std::string_view prefix, std::chrono::system_clock::time_point t);

}  // namespace giai::crypto
