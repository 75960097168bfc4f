// Linkage jobs: creation, the worker thread, and the run itself (see linkage_service.h).
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "access/policy.h"
#include "core/clock.h"
#include "crypto/random.h"
#include "linkage/pipeline.h"
#include "ops/log.h"
#include "service/internal/linkable_persons.h"
#include "service/internal/linkage_records.h"
#include "service/linkage_service.h"

namespace giai::service {

namespace {

using access::LinkageAction;
using nlohmann::json;

// Bounds that keep a job within what a server thread should do; larger linkages run offline
// with `giai link` (docs/LINKAGE.md).
constexpr std::size_t kMaxPersons = 200000;
constexpr std::size_t kMaxReviewItems = 5000;

Status ForbiddenTo(const access::Principal& who, LinkageAction action) {
  return Forbidden("role " + std::string(access::RoleName(who.role)) + " may not " +
                   std::string(access::LinkageActionName(action)));
}

Result<double> Probability(const json& body, const char* name, double fallback) {
  if (!body.contains(name)) return fallback;
  const json& v = body[name];
  if (!v.is_number() || !(v.get<double>() > 0.0) || !(v.get<double>() < 1.0)) {
    return InvalidInput("must be a number strictly between 0 and 1", name);
  }
  return v.get<double>();
}

}  // namespace

LinkageService::LinkageService(store::Store& store, protect::IdentityVault& identities)
    : store_(store),
      identities_(identities),
      instance_(crypto::NewId("run")),
      worker_([this] { WorkerLoop(); }) {}

LinkageService::~LinkageService() {
  std::deque<Work> abandoned;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    abandoned.swap(queue_);
  }
  cv_.notify_all();
  if (worker_.joinable()) worker_.join();
  for (const Work& work : abandoned) {
    Status st = FinishJob(work, "failed", {{"error", "the server stopped before the job ran"}});
    if (!st.ok()) {
      ops::Log(ops::LogLevel::kError, "linkage_job_abandon_failed",
               {{"job_id", work.job_id}, {"error", st.ToString()}});
    }
  }
}

void LinkageService::WaitIdleForTesting() {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [this] { return queue_.empty() && !busy_; });
}

void LinkageService::WorkerLoop() {
  for (;;) {
    Work work;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      work = std::move(queue_.front());
      queue_.pop_front();
      busy_ = true;
      running_ = work.job_id;
    }
    RunJob(work);
    {
      std::lock_guard<std::mutex> lock(mu_);
      busy_ = false;
      running_.clear();
    }
    cv_.notify_all();
  }
}

Result<json> LinkageService::StartJob(const access::Principal& who,
                                      const access::RequestInfo& request, const json& body) {
  if (!access::AllowsLinkage(who, LinkageAction::kRun))
    return ForbiddenTo(who, LinkageAction::kRun);
  if (request.purpose.empty()) {
    return InvalidInput("a linkage job reads identities: it needs a purpose (X-Purpose header)",
                        "X-Purpose");
  }
  if (!body.is_object()) return InvalidInput("the body must be a JSON object");
  for (const auto& [key, value] : body.items()) {
    if (key != "match_probability" && key != "review_low") {
      return InvalidInput("unknown field", key);
    }
  }
  Work work;
  work.who = who;
  work.request = request;
  GIAI_ASSIGN_OR_RETURN(work.match_probability, Probability(body, "match_probability", 0.8));
  GIAI_ASSIGN_OR_RETURN(work.review_low, Probability(body, "review_low", 0.2));
  if (work.review_low >= work.match_probability) {
    return InvalidInput("must be below match_probability", "review_low");
  }
  store::RecordRow row;
  row.id = work.job_id = crypto::NewId("lnj");
  row.kind = std::string(internal::kJobKind);
  row.org_id = who.org_id;
  row.created_at = row.updated_at = NowRfc3339();
  row.created_by = who.user_id;
  row.terms = {std::string(internal::kOpenJobTerm)};
  row.body =
      json{{"status", "queued"},
           {"runner", Runner()},
           {"purpose", request.purpose},
           {"settings",
            {{"match_probability", work.match_probability}, {"review_low", work.review_low}}}}
          .dump();
  GIAI_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    GIAI_RETURN_IF_ERROR(tx.InsertRecord(row));
    return tx.AppendAudit(access::AuditEvent(who, "linkage.job.create", row.id, request));
  }));
  {
    std::lock_guard<std::mutex> lock(mu_);
    queue_.push_back(std::move(work));
  }
  cv_.notify_all();
  return internal::RenderJob(row);
}

Result<json> LinkageService::GetJob(const access::Principal& who, const std::string& id) {
  if (!access::AllowsLinkage(who, LinkageAction::kRun))
    return ForbiddenTo(who, LinkageAction::kRun);
  store::RecordRow row;
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(row, internal::LoadOwn(tx, who, internal::kJobKind, id, "linkage job"));
    return Status::Ok();
  }));
  return internal::RenderJob(row);
}

Result<json> LinkageService::ListJobs(const access::Principal& who, const std::string& cursor,
                                      int limit) {
  if (!access::AllowsLinkage(who, LinkageAction::kRun))
    return ForbiddenTo(who, LinkageAction::kRun);
  if (limit < 1 || limit > kMaxPageSize) {
    return InvalidInput("must be between 1 and " + std::to_string(kMaxPageSize), "limit");
  }
  store::RecordQuery q;
  q.kind = std::string(internal::kJobKind);
  q.org_id = who.org_id;
  q.after_id = cursor;
  q.limit = limit + 1;
  std::vector<store::RecordRow> rows;
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(rows, tx.ListRecords(q));
    return Status::Ok();
  }));
  json out = {{"items", json::array()}, {"next_cursor", nullptr}};
  if (static_cast<int>(rows.size()) > limit) {
    rows.resize(static_cast<std::size_t>(limit));
    out["next_cursor"] = rows.back().id;
  }
  for (const store::RecordRow& r : rows) out["items"].push_back(internal::RenderJob(r));
  return out;
}

Status LinkageService::FinishJob(const Work& work, const std::string& status, const json& result) {
  return store_.Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(store::RecordRow row, tx.GetRecord(work.job_id));
    json body = json::parse(row.body);
    body["status"] = status;
    body["finished_at"] = NowRfc3339();
    body.erase("runner");
    row.terms.clear();  // no longer "open"
    if (result.contains("error")) {
      body["error"] = result["error"];
    } else {
      body["result"] = result;
    }
    const std::int64_t previous = row.version;
    row.version = previous + 1;
    row.updated_at = NowRfc3339();
    row.body = body.dump();
    GIAI_RETURN_IF_ERROR(tx.UpdateRecord(row, previous));
    return tx.AppendAudit(access::AuditEvent(work.who, "linkage.job.run", row.id, work.request,
                                             status == "done" ? "ok" : "failed"));
  });
}

void LinkageService::RunJob(const Work& work) {
  Status marked = store_.Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(store::RecordRow row, tx.GetRecord(work.job_id));
    json body = json::parse(row.body);
    body["status"] = "running";
    body["started_at"] = NowRfc3339();
    body["runner"] = Runner();
    const std::int64_t previous = row.version;
    row.version = previous + 1;
    row.updated_at = NowRfc3339();
    row.body = body.dump();
    return tx.UpdateRecord(row, previous);
  });
  Result<json> result = marked.ok() ? Link(work) : Result<json>(marked);
  Status st = result.ok() ? FinishJob(work, "done", *result)
                          : FinishJob(work, "failed", {{"error", result.status().message()}});
  if (!st.ok()) {
    ops::Log(ops::LogLevel::kError, "linkage_job_failed",
             {{"job_id", work.job_id}, {"error", st.ToString()}});
  }
}

Result<json> LinkageService::Link(const Work& work) {
  // 1. The persons, their identities in memory, and what reviewers already decided.
  internal::LinkablePersons persons;
  std::set<std::pair<std::string, std::string>> decided;
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    decided.clear();
    GIAI_ASSIGN_OR_RETURN(
        persons, internal::CollectLinkablePersons(
                     tx, identities_, work.who.org_id, work.who.compartments,
                     {Purpose::kIdentityRead, Recipient::kOwnOrganisation, IdentityLevel::kFull},
                     kMaxPersons));
    for (const char* decision : {"decision:accept", "decision:reject"}) {
      GIAI_ASSIGN_OR_RETURN(
          auto reviews, internal::ListAll(tx, internal::kReviewKind, work.who.org_id, {decision}));
      for (const store::RecordRow& r : reviews) {
        const json ids = json::parse(r.body)["person_ids"];
        decided.insert(internal::PairOf(ids[0].get<std::string>(), ids[1].get<std::string>()));
      }
    }
    // Links (active or removed) are decisions too: a removed link is a "different".
    GIAI_ASSIGN_OR_RETURN(auto links,
                          internal::ListAll(tx, internal::kLinkKind, work.who.org_id, {}));
    for (const store::RecordRow& r : links) {
      const json ids = json::parse(r.body)["person_ids"];
      decided.insert(internal::PairOf(ids[0].get<std::string>(), ids[1].get<std::string>()));
    }
    return Status::Ok();
  }));
  json result = {{"persons_considered", persons.considered},
                 {"persons_linked", persons.persons.size()},
                 {"skipped_consent", persons.skipped_consent},
                 {"skipped_no_identity", persons.skipped_no_identity},
                 {"candidate_pairs", 0},
                 {"probable_pairs", 0},
                 {"review_items", 0},
                 {"already_decided", 0}};
  if (persons.persons.size() < 2) return result;

  // 2. The engine, on a table that exists only in this scope.
  std::vector<store::RecordRow> items;
  {
    linkage::CsvTable input = internal::ToLinkageInput(persons.persons);
    linkage::LinkageConfig config = internal::PersonLinkageConfig();
    config.model.match_probability = work.match_probability;
    Result<std::unique_ptr<linkage::LinkageRun>> ran =
        linkage::RunLinkage(config, {&input}, linkage::RunOptions{});
    internal::Wipe(persons.persons, input);
    if (!ran.ok()) {
      // The engine's messages name fields and rows, never values.
      return Status(ran.status().code(), "linkage failed: " + ran.status().message());
    }
    const linkage::LinkageRun& run = **ran;
    const auto& specs = run.comparator->specs();
    const std::size_t width = specs.size();
    struct Candidate {
      std::size_t p;
      double probability;
    };
    std::vector<Candidate> queued;
    int probable = 0, already = 0;
    for (std::size_t p = 0; p < run.candidates.pairs.size(); ++p) {
      const double probability = run.scorer->Probability(run.weights[p]);
      if (run.weights[p] >= run.threshold) ++probable;
      if (probability < work.review_low) continue;
      const std::string& a = run.table.ids[linkage::PairFirst(run.candidates.pairs[p])];
      const std::string& b = run.table.ids[linkage::PairSecond(run.candidates.pairs[p])];
      if (decided.count(internal::PairOf(a, b))) {
        ++already;
        continue;
      }
      queued.push_back({p, probability});
    }
    std::sort(queued.begin(), queued.end(),
              [](const Candidate& x, const Candidate& y) { return x.probability > y.probability; });
    if (queued.size() > kMaxReviewItems) queued.resize(kMaxReviewItems);
    const std::string now = NowRfc3339();
    for (const Candidate& c : queued) {
      auto [a, b] = internal::PairOf(run.table.ids[linkage::PairFirst(run.candidates.pairs[c.p])],
                                     run.table.ids[linkage::PairSecond(run.candidates.pairs[c.p])]);
      json levels = json::object();
      for (std::size_t k = 0; k < width; ++k) {
        levels[specs[k].field] = linkage::LevelLabel(specs[k], run.levels[c.p * width + k]);
      }
      store::RecordRow row;
      row.id = crypto::NewId("lnr");
      row.kind = std::string(internal::kReviewKind);
      row.org_id = work.who.org_id;
      row.created_at = row.updated_at = now;
      row.created_by = work.who.user_id;
      row.parent_id = work.job_id;
      row.terms = {"decision:pending", "person:" + a, "person:" + b};
      std::sort(row.terms.begin(), row.terms.end());
      const double weight = std::round(run.weights[c.p] * 1000.0) / 1000.0;
      row.body = json{{"person_ids", {a, b}},
                      {"weight", weight},
                      {"probability", std::round(c.probability * 1e6) / 1e6},
                      {"band", run.weights[c.p] >= run.threshold ? "probable" : "possible"},
                      {"levels", levels},
                      {"decision", "pending"}}
                     .dump();
      items.push_back(std::move(row));
    }
    result["candidate_pairs"] = run.candidates.pairs.size();
    result["probable_pairs"] = probable;
    result["already_decided"] = already;
    result["threshold_weight"] = std::round(run.threshold * 1000.0) / 1000.0;
    result["em_iterations"] = run.em.iterations;
    result["em_converged"] = run.em.converged;
    result["seconds"] = std::round(run.times.total * 1000.0) / 1000.0;
  }
  result["review_items"] = items.size();

  // 3. The review queue, in one transaction.
  GIAI_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    for (const store::RecordRow& row : items) GIAI_RETURN_IF_ERROR(tx.InsertRecord(row));
    return Status::Ok();
  }));
  return result;
}

}  // namespace giai::service
