-- CreateTable
CREATE TABLE "client_mutation" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "resultVersion" INTEGER NOT NULL,
    "appliedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "client_mutation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "client_mutation_orgId_idx" ON "client_mutation"("orgId");

-- CreateIndex
CREATE INDEX "client_mutation_entityType_entityId_idx" ON "client_mutation"("entityType", "entityId");

-- AddForeignKey
ALTER TABLE "client_mutation" ADD CONSTRAINT "client_mutation_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
