import { describeMarketplaceAdapter } from '../conformance/describe-marketplace-adapter.js';
import { referenceMarketplaceHarness } from './reference-marketplace-harness.js';

// The reference marketplace passes the MarketplaceAdapter conformance suite, order intake included.
describeMarketplaceAdapter('reference-marketplace', referenceMarketplaceHarness);
