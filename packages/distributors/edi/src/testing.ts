/**
 * `@dropship/edi/testing`: a real SFTP server on loopback serving a temporary folder, and a
 * simulated trading partner that reads the 850s put there and answers with 997, 855, 856 and 810
 * files, to test an EDI integration offline.
 *
 * @packageDocumentation
 */
export {
  createEdiPartnerSimulator,
  type EdiPartnerAnswers,
  type EdiPartnerSimulator,
  type EdiPartnerSimulatorOptions,
  type EdiSimulatedPackage,
  type EdiSimulatedPurchaseOrder,
} from './edi-partner-simulator.js';
export {
  type SftpFault,
  type SftpRequestRecord,
  type SftpRequestType,
  type SftpTestServer,
  type SftpTestServerOptions,
  startSftpTestServer,
} from './sftp-test-server.js';
