export { clickHouseBinary, freePort, type LocalClickHouse, startLocalClickHouse } from './local-server.js';
export { type ClickHouseOptions, openClickHouseWarehouse, parseClickHouseUrl } from './warehouse.js';
