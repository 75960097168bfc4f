// Where the `giai` process gets the master-key passphrase (passphrase mode, see
// protect/master_key.h). Never from the command line itself: argv is visible to every user of
// the machine (ps, /proc). In order of precedence:
//
//   --passphrase-file F  or  GIAI_PASSPHRASE_FILE=F   the first line of file F (keep it 0600,
//                                                     e.g. a tmpfs or systemd credential)
//   GIAI_PASSPHRASE_FD=N                              read from the already-open descriptor N
//                                                     until end of file (a pipe from a secret
//                                                     manager); the descriptor is closed
//   GIAI_PASSPHRASE=...                               the variable itself (least safe: removed
//                                                     from the environment once read)
//   a prompt on the terminal (echo off)               when standard input is a terminal
//
// For `giai keys rotate`, the NEW passphrase comes from --new-passphrase-file,
// GIAI_NEW_PASSPHRASE_FD, GIAI_NEW_PASSPHRASE or a prompt (asked twice), the same way.
//
// The passphrase is read once per process and cached in memory until ForgetPassphrases()
// (the server calls it once the keys are open). Not thread safe: used by the CLI's main thread.
#pragma once

#include <string>

#include "core/status.h"
#include "protect/master_key.h"

namespace giai::cli {

// Bound to the global --passphrase-file option (env GIAI_PASSPHRASE_FILE) in main.cc.
std::string& PassphraseFileOption();

// True if the operator named a passphrase source (file, descriptor or variable): `giai init`
// then creates the master key in passphrase mode.
bool PassphraseConfigured();

// The process's passphrase source for the current master key (cached; `confirm` asks twice
// when prompting, for a new passphrase).
protect::PassphraseSource ProcessPassphrase(bool confirm = false);

// The source of a new passphrase for a rotation: `file` if given, else GIAI_NEW_PASSPHRASE_FD,
// GIAI_NEW_PASSPHRASE, or a prompt asked twice.
Result<std::string> ReadNewPassphrase(const std::string& file);

// Overwrites and drops the cached passphrase.
void ForgetPassphrases();

}  // namespace giai::cli
