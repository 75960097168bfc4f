// LinkageService: record linkage of an organisation's persons in the server (docs/LINKAGE.md,
// "In the server") — linkage jobs, their review queue, "same person" links and clusters.
//
// A job runs the linkage engine (src/linkage/: normalisation, blocking, EM, threshold) over the
// persons the caller may see. Their identities are decrypted through the identity vault IN
// MEMORY ONLY, for persons whose latest consent allows an identity read by the organisation
// (DecideConsent); the others are skipped and counted. Nothing of an identity is stored, logged
// or returned: review items carry person ids, match weights and per-field comparison levels
// ("jw>=0.9", "else"), and a reviewer opens identities through the purpose-audited identity read.
//
// Storage: jobs, review items and links are RecordRows of kinds "linkage_job" (lnj_),
// "linkage_review" (lnr_, parent = job) and "person_link" (lnk_; terms person:<id> and "active"
// while not removed), so the Store interface and both back ends' schemas are unchanged. Every
// decision, link and unlink is audited in the transaction that writes it.
//
// Threads: jobs run on one worker thread owned by the service (queued -> running -> done or
// failed); the HTTP thread that creates a job returns at once. The destructor finishes the job in
// progress, marks the jobs still queued as failed and joins the worker. All methods are thread
// safe.
//
// Crashes: a queued or running job carries the term "open" and a `runner` (this process: host,
// pid, a random instance id) with a lease that KeepAlive() renews. A job whose process is gone
// would otherwise stay open forever; RecoverInterruptedJobs() (at start-up) and KeepAlive()
// (periodically) mark it failed with a reason when its runner is a dead process of this host,
// when its lease ran out (a process on another host that stopped renewing), or when it has no
// runner at all (written before runners existed). Several `giai serve` may share one database,
// so a live sibling's jobs are left alone.
//
// Example:
//   LinkageService linkage(store, identities);
//   GIAI_ASSIGN_OR_RETURN(json job, linkage.StartJob(who, request, json::object()));
//   ... GET the job until job["status"] == "done", then list its reviews ...
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "access/audit.h"
#include "access/principal.h"
#include "protect/identity_vault.h"
#include "store/store.h"

namespace giai::service {

struct ReviewListRequest {
  std::string job_id;    // empty: every job of the organisation
  std::string decision;  // pending (default), accept, reject, unsure, any
  std::string cursor;
  int limit = 50;
};

class LinkageService {
 public:
  static constexpr int kMaxPageSize = 500;

  LinkageService(store::Store& store, protect::IdentityVault& identities);
  ~LinkageService();
  LinkageService(const LinkageService&) = delete;
  LinkageService& operator=(const LinkageService&) = delete;

  // Jobs. `body` may set "match_probability" (threshold on the posterior, default 0.8) and
  // "review_low" (lowest probability queued for review, default 0.2). Needs a purpose.
  Result<nlohmann::json> StartJob(const access::Principal& who, const access::RequestInfo& request,
                                  const nlohmann::json& body);
  Result<nlohmann::json> GetJob(const access::Principal& who, const std::string& id);
  Result<nlohmann::json> ListJobs(const access::Principal& who, const std::string& cursor,
                                  int limit);

  // Review queue.
  Result<nlohmann::json> ListReviews(const access::Principal& who, const ReviewListRequest& list);
  Result<nlohmann::json> GetReview(const access::Principal& who, const std::string& id);
  // body: {"decision": "accept"|"reject"|"unsure", "note": optional short text}. Accepting
  // creates the "same person" link (or finds the existing one) in the same transaction.
  Result<nlohmann::json> Decide(const access::Principal& who, const access::RequestInfo& request,
                                const std::string& review_id, const nlohmann::json& body);

  // Links and clusters.
  // A same-person link made by hand (docs/LINKAGE.md "Links made by hand"): body
  // {"person_id": the other, "note": optional}. Each of the two persons is one of the caller's
  // or one another organisation shares with the caller's now (a cross-organisation link, held
  // by the caller's organisation; each share used logs the access). Returns the link and whether
  // it was created (false: the active link already existed).
  Result<std::pair<nlohmann::json, bool>> LinkByHand(const access::Principal& who,
                                                     const access::RequestInfo& request,
                                                     const std::string& person_id,
                                                     const nlohmann::json& body);
  Result<nlohmann::json> ListLinks(const access::Principal& who, const std::string& person_id);
  Result<nlohmann::json> Unlink(const access::Principal& who, const access::RequestInfo& request,
                                const std::string& person_id, const std::string& link_id);
  // The connected component of `person_id` over active links (persons within reach only:
  // the caller's own, and those shared with the caller's organisation now).
  Result<nlohmann::json> Cluster(const access::Principal& who, const std::string& person_id);

  // Blocks until no job is queued or running (tests and shutdown).
  void WaitIdleForTesting();

  // Marks failed every open job of every organisation whose runner is gone (see above); returns
  // how many. Scans all jobs, so that jobs written before the "open" term existed are found.
  Result<int> RecoverInterruptedJobs();
  // Renews the lease of this process's open jobs and fails the open jobs of gone runners.
  // `giai serve` calls it every minute (kLeaseRenewal).
  Status KeepAlive();
  static constexpr std::chrono::seconds kLeaseRenewal{60};
  static constexpr std::chrono::seconds kLease{600};

 private:
  struct Work {
    std::string job_id;
    access::Principal who;
    access::RequestInfo request;
    double match_probability = 0.8;
    double review_low = 0.2;
  };
  void WorkerLoop();
  void RunJob(const Work& work);
  // Collects, runs the engine, stores the review queue; returns the job's result counts.
  Result<nlohmann::json> Link(const Work& work);
  Status FinishJob(const Work& work, const std::string& status, const nlohmann::json& result);
  // This process as a job's runner, with a lease from now.
  nlohmann::json Runner() const;
  Result<int> FailGoneRunners(bool all_jobs);

  store::Store& store_;
  protect::IdentityVault& identities_;
  const std::string instance_;  // random per process: tells this run from an earlier one
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Work> queue_;
  bool busy_ = false;
  std::string running_;  // the job the worker runs, while busy_
  bool stopping_ = false;
  std::thread worker_;  // last: started once everything above exists
};

}  // namespace giai::service
