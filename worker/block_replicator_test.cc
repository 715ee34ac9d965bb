#include "worker/block_replicator.h"

#include <set>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "rpc/testing/fake_block_replica_client.h"

namespace sluice {
namespace {

using ::sluice::testing::FakeBlockReplicaClient;

std::vector<WorkerPeer> Cluster() {
  return {{"w1", "a1"}, {"w2", "a2"}, {"w3", "a3"}, {"w4", "a4"}};
}

BlockReplica Block(const std::string& id) { return BlockReplica{"app", id, 2, "xy"}; }

TEST(BlockReplicatorTest, StoresTheCopiesOnOtherWorkersNeverOnItself) {
  FakeBlockReplicaClient client;
  BlockReplicator replicator("w1", &client);
  replicator.SetPeers(Cluster());
  for (int i = 0; i < 20; ++i) {
    BlockReplicator::Outcome outcome = replicator.Replicate(Block("input-0-b" + std::to_string(i)), 3);
    ASSERT_EQ(outcome.replica_worker_ids.size(), 2u);
    EXPECT_EQ(outcome.peers, 3u);
    EXPECT_TRUE(outcome.errors.empty());
    std::set<std::string> distinct(outcome.replica_worker_ids.begin(), outcome.replica_worker_ids.end());
    EXPECT_EQ(distinct.size(), 2u);
    EXPECT_FALSE(distinct.contains("w1"));
  }
  for (const FakeBlockReplicaClient::Stored& stored : client.stored()) {
    EXPECT_NE(stored.address, "a1");
    EXPECT_EQ(stored.replica.data, "xy");
  }
}

TEST(BlockReplicatorTest, SpreadsCopiesOverThePeersTheSameWayEveryTime) {
  FakeBlockReplicaClient client;
  BlockReplicator replicator("w1", &client);
  replicator.SetPeers(Cluster());
  std::set<std::string> holders;
  for (int i = 0; i < 30; ++i) {
    std::string id = "input-0-app-w1-" + std::to_string(i);
    std::vector<std::string> first = replicator.Replicate(Block(id), 2).replica_worker_ids;
    ASSERT_EQ(first.size(), 1u);
    EXPECT_EQ(replicator.Replicate(Block(id), 2).replica_worker_ids, first) << "chosen from the block id";
    holders.insert(first[0]);
  }
  EXPECT_EQ(holders, (std::set<std::string>{"w2", "w3", "w4"})) << "every peer gets some of the copies";
}

TEST(BlockReplicatorTest, PassesOverAPeerThatFailsForTheNext) {
  FakeBlockReplicaClient client;
  client.MakeUnreachable("a2");
  client.MakeUnreachable("a3");
  BlockReplicator replicator("w1", &client);
  replicator.SetPeers(Cluster());
  for (int i = 0; i < 10; ++i) {
    BlockReplicator::Outcome outcome = replicator.Replicate(Block("b" + std::to_string(i)), 2);
    EXPECT_EQ(outcome.replica_worker_ids, std::vector<std::string>{"w4"});
    EXPECT_LE(outcome.errors.size(), 2u);
  }
}

TEST(BlockReplicatorTest, GivesFewerCopiesWhenFewerPeersAreThereOrAnswer) {
  FakeBlockReplicaClient client;
  BlockReplicator replicator("w1", &client);
  BlockReplicator::Outcome none_known = replicator.Replicate(Block("b"), 2);
  EXPECT_TRUE(none_known.replica_worker_ids.empty());
  EXPECT_EQ(none_known.peers, 0u);

  replicator.SetPeers({{"w1", "a1"}, {"w2", "a2"}});
  EXPECT_EQ(replicator.Replicate(Block("b"), 4).replica_worker_ids, std::vector<std::string>{"w2"});

  client.MakeUnreachable("a2");
  BlockReplicator::Outcome refused = replicator.Replicate(Block("b"), 2);
  EXPECT_TRUE(refused.replica_worker_ids.empty());
  ASSERT_EQ(refused.errors.size(), 1u);
  EXPECT_NE(refused.errors[0].find("connection refused by a2"), std::string::npos) << refused.errors[0];
}

TEST(BlockReplicatorTest, OneCopyMeansNoReplica) {
  FakeBlockReplicaClient client;
  BlockReplicator replicator("w1", &client);
  replicator.SetPeers(Cluster());
  EXPECT_TRUE(replicator.Replicate(Block("b"), 1).replica_worker_ids.empty());
  EXPECT_TRUE(client.attempts().empty());
}

TEST(BlockReplicatorTest, NewPeersReplaceTheOld) {
  FakeBlockReplicaClient client;
  BlockReplicator replicator("w1", &client);
  replicator.SetPeers(Cluster());
  replicator.SetPeers({{"w1", "a1"}, {"w9", "a9"}});  // the others were declared dead
  EXPECT_EQ(replicator.Replicate(Block("b"), 2).replica_worker_ids, std::vector<std::string>{"w9"});
}

}  // namespace
}  // namespace sluice
