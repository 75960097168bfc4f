// Persons as the linkage engine reads them, private to service/: the one place where linkage
// decrypts identities. Used by linkage jobs (own organisation) and by the cross-organisation
// "already interviewed?" check (other organisations).
//
// Identities are opened through the identity vault, in memory only, for persons whose latest
// consent allows `consent` (DecideConsent); the others are counted, never read. The returned
// values must not outlive the run that needs them: callers build the engine's table, run it and
// let the persons go out of scope. Nothing here logs or stores a value.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/consent.h"
#include "linkage/config.h"
#include "linkage/csv.h"
#include "protect/identity_vault.h"
#include "store/store.h"

namespace giai::service::internal {

struct LinkablePerson {
  std::string id;
  std::string pseudonym;
  std::string name;                   // full name as recorded (any script)
  std::string sex;                    // "" when unknown
  std::string birth;                  // EDTF, "" when unknown
  std::string nationality;            // ISO 3166-1 alpha-2, "" when unknown
  std::int64_t version = 0;           // of the person record
  std::int64_t identity_version = 0;  // of the sealed identity
  bool reused = false;                // identity not opened: the caller holds what it needs
};

struct LinkablePersons {
  std::vector<LinkablePerson> persons;
  int considered = 0;           // persons within reach
  int skipped_consent = 0;      // latest consent refuses (withdrawn, none, out of scope)
  int skipped_no_identity = 0;  // no identity recorded, or erased
};

// The persons of `org_id` in no compartment or in one of `compartments`, with identities of
// those whose consent allows `consent`. At most `max_persons` are read (kInvalidInput beyond,
// with the limit in the message: the job refuses rather than silently linking a subset).
// `reuse(id, version, identity_version)`, when given and true, leaves that person's identity
// closed (name empty, `reused` set): the caller already holds what it derived from exactly that
// version (the interview check's cache of encodings). Consent is decided all the same.
using ReusePredicate = std::function<bool(const std::string&, std::int64_t, std::int64_t)>;
Result<LinkablePersons> CollectLinkablePersons(store::Tx& tx, protect::IdentityVault& identities,
                                               const std::string& org_id,
                                               const std::vector<std::string>& compartments,
                                               const ConsentRequest& consent,
                                               std::size_t max_persons,
                                               const ReusePredicate& reuse = nullptr);

// The engine's input: columns id,name,sex,birth,nationality, one row per person.
linkage::CsvTable ToLinkageInput(const std::vector<LinkablePerson>& persons);
// Overwrites the identity values before the memory is released (best effort: the engine's own
// copies are released with its run).
void Wipe(std::vector<LinkablePerson>& persons, linkage::CsvTable& table);

// The server's linkage configuration for persons (docs/LINKAGE.md "In the server"):
// name (token-order insensitive, phonetic + Jaro–Winkler, term-frequency adjusted), sex,
// birth (EDTF ranges, keying-error level) and nationality; blocking on name tokens, phonetic
// name, and birth year with sex.
const linkage::LinkageConfig& PersonLinkageConfig();

}  // namespace giai::service::internal
