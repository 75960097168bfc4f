// Linkage jobs whose process is gone (a crash, a kill, a lost host): found at start-up and
// periodically, and marked failed with a reason, so that no job stays "running" forever (see
// linkage_service.h, "Crashes").
#include <unistd.h>

#include <cerrno>
#include <csignal>

#include "access/audit.h"
#include "core/clock.h"
#include "ops/log.h"
#include "service/internal/linkage_records.h"
#include "service/linkage_service.h"

namespace giai::service {

namespace {

using nlohmann::json;

std::string HostName() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0) return "";
  return name;
}

std::int64_t UnixNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(WallNow().time_since_epoch()).count();
}

// Why an open job's runner is gone, or "" if it may still be alive.
std::string GoneReason(const json& body, const std::string& instance, const std::string& host) {
  const json runner = body.value("runner", json());
  if (!runner.is_object()) return "the server stopped while the job was open";
  if (runner.value("instance", "") == instance) return "";  // ours, alive
  if (runner.value("host", "") == host && !host.empty()) {
    // A process of this host. Our own pid under another instance id is an earlier run of this
    // process id (a restarted container); kill(pid, 0) tells whether any other pid still exists
    // (EPERM: it exists, owned by someone else).
    const auto pid = static_cast<pid_t>(runner.value("pid", 0));
    if (pid <= 0 || pid == ::getpid() || (::kill(pid, 0) != 0 && errno == ESRCH)) {
      return "the server stopped while the job was " + body.value("status", std::string("open"));
    }
  }
  if (runner.value("lease_until", std::int64_t{0}) < UnixNow()) {
    return "the server running the job stopped renewing it";
  }
  return "";
}

}  // namespace

json LinkageService::Runner() const {
  return {{"host", HostName()},
          {"pid", static_cast<std::int64_t>(::getpid())},
          {"instance", instance_},
          {"lease_until", UnixNow() + kLease.count()}};
}

Result<int> LinkageService::FailGoneRunners(bool all_jobs) {
  const std::string host = HostName();
  std::vector<std::string> orgs;
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    orgs.clear();
    GIAI_ASSIGN_OR_RETURN(auto rows, tx.ListOrganisations());
    for (const auto& o : rows) orgs.push_back(o.id);
    return Status::Ok();
  }));
  int failed = 0;
  for (const std::string& org : orgs) {
    std::vector<std::string> terms;
    if (!all_jobs) terms.emplace_back(internal::kOpenJobTerm);
    std::vector<store::RecordRow> jobs;
    GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
      GIAI_ASSIGN_OR_RETURN(jobs, internal::ListAll(tx, internal::kJobKind, org, terms));
      return Status::Ok();
    }));
    for (const store::RecordRow& seen : jobs) {
      const json body = json::parse(seen.body);
      const std::string status = body.value("status", "");
      if (status != "queued" && status != "running") continue;
      if (GoneReason(body, instance_, host).empty()) continue;
      // Decided again inside the write: the job may have finished or been renewed meanwhile.
      bool changed = false;
      GIAI_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
        changed = false;
        GIAI_ASSIGN_OR_RETURN(store::RecordRow row, tx.GetRecord(seen.id));
        json now = json::parse(row.body);
        const std::string state = now.value("status", "");
        if (state != "queued" && state != "running") return Status::Ok();
        const std::string reason = GoneReason(now, instance_, host);
        if (reason.empty()) return Status::Ok();
        now["status"] = "failed";
        now["error"] = reason;
        now["finished_at"] = NowRfc3339();
        now.erase("runner");
        row.terms.clear();
        const std::int64_t previous = row.version;
        row.version = previous + 1;
        row.updated_at = NowRfc3339();
        row.body = now.dump();
        GIAI_RETURN_IF_ERROR(tx.UpdateRecord(row, previous));
        // In the trail of whoever started the job, as the run's own outcome would be.
        access::Principal starter;
        starter.org_id = row.org_id;
        starter.user_id = row.created_by;
        access::RequestInfo request;
        request.purpose = now.value("purpose", "");
        changed = true;
        return tx.AppendAudit(
            access::AuditEvent(starter, "linkage.job.run", row.id, request, "failed"));
      }));
      if (changed) {
        ++failed;
        ops::Log(ops::LogLevel::kWarn, "linkage_job_interrupted", {{"job_id", seen.id}});
      }
    }
  }
  return failed;
}

Result<int> LinkageService::RecoverInterruptedJobs() { return FailGoneRunners(true); }

Status LinkageService::KeepAlive() {
  std::vector<std::string> mine;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const Work& w : queue_) mine.push_back(w.job_id);
    if (busy_ && !running_.empty()) mine.push_back(running_);
  }
  for (const std::string& id : mine) {
    GIAI_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
      GIAI_ASSIGN_OR_RETURN(store::RecordRow row, tx.GetRecord(id));
      json body = json::parse(row.body);
      const std::string status = body.value("status", "");
      if (status != "queued" && status != "running") return Status::Ok();
      body["runner"] = Runner();
      const std::int64_t previous = row.version;
      row.version = previous + 1;
      row.updated_at = NowRfc3339();
      row.body = body.dump();
      return tx.UpdateRecord(row, previous);
    }));
  }
  return FailGoneRunners(false).status();
}

}  // namespace giai::service
