-- DropForeignKey
ALTER TABLE "DecisionLog" DROP CONSTRAINT "DecisionLog_taskId_fkey";

-- DropIndex
DROP INDEX "client_mutation_orgId_idx";

-- AlterTable
ALTER TABLE "client_mutation" DROP CONSTRAINT "client_mutation_pkey",
ADD CONSTRAINT "client_mutation_pkey" PRIMARY KEY ("orgId", "id");

-- CreateIndex
CREATE INDEX "change_log_at_idx" ON "change_log"("at");

-- AddForeignKey
ALTER TABLE "DecisionLog" ADD CONSTRAINT "DecisionLog_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task"("id") ON DELETE RESTRICT ON UPDATE RESTRICT;
