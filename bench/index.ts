import { parseInventoryRules } from '@dropship/core'; console.log(parseInventoryRules({}).maxLeadTimeDays);
